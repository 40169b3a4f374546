/** Types of bin/arena-limit.mjs (plain JavaScript: the launcher runs before anything is built). */
export declare const ARENAS: string;
export declare function wantsArenaLimit(args: string[], env?: NodeJS.ProcessEnv, platform?: NodeJS.Platform): boolean;
export declare function execWithArenaLimit(env?: NodeJS.ProcessEnv): void;
