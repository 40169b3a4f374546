// Preloaded (node --import) into the real `genten` executable by the tests: the machine's policy
// sources (/etc/genten/policy.json, the registry, managed preferences) are replaced by none, so a
// test never depends on, or reads, the policy of the computer it runs on.
globalThis[Symbol.for('genten.test.policySources')] = [];
