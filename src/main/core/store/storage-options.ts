/**
 * Credentials and endpoint of S3-compatible storage, from the standard AWS variables and files, in
 * the shape LanceDB's `storageOptions` takes (every value a string). Secrets stay in here and in
 * the requests that need them: redact() scrubs them from any message that leaves the engine.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface S3Settings {
  /** e.g. http://127.0.0.1:9000 or https://minio.intra; undefined: AWS itself. */
  endpoint?: string;
  region: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  sessionToken?: string;
  /** Plain http to the endpoint (AWS_ALLOW_HTTP=true). */
  allowHttp: boolean;
  /** The profile the values came from, when a file was read. */
  profile?: string;
}

/** The default when no variable or profile names a region (MinIO and s3rver ignore it). */
const DEFAULT_REGION = 'us-east-1';

/**
 * Reads AWS_ENDPOINT_URL, AWS_REGION (or AWS_DEFAULT_REGION), AWS_ACCESS_KEY_ID,
 * AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN and AWS_ALLOW_HTTP; then fills what is missing from
 * the profile AWS_PROFILE names (default "default") in ~/.aws/credentials and ~/.aws/config
 * (AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE move them). Variables win over files, as in
 * the AWS tools.
 */
export function s3SettingsFromEnv(env: NodeJS.ProcessEnv = process.env): S3Settings {
  const profile = env.AWS_PROFILE?.trim() || 'default';
  const home = env.HOME || env.USERPROFILE || os.homedir();
  const credentials = readIni(env.AWS_SHARED_CREDENTIALS_FILE || path.join(home, '.aws', 'credentials'))[profile] ?? {};
  // In the config file every profile but the default one is written "[profile NAME]".
  const configFile = readIni(env.AWS_CONFIG_FILE || path.join(home, '.aws', 'config'));
  const config = (profile === 'default' ? configFile.default : configFile[`profile ${profile}`]) ?? configFile[profile] ?? {};
  const pick = (...values: Array<string | undefined>) => values.map((v) => v?.trim()).find((v) => v);
  const endpoint = pick(env.AWS_ENDPOINT_URL_S3, env.AWS_ENDPOINT_URL, config.endpoint_url, credentials.endpoint_url);
  const allowHttpText = pick(env.AWS_ALLOW_HTTP);
  const fromFile = Boolean(credentials.aws_access_key_id || config.aws_access_key_id || config.region);
  return {
    endpoint: endpoint?.replace(/\/+$/, ''),
    region: pick(env.AWS_REGION, env.AWS_DEFAULT_REGION, config.region, credentials.region) ?? DEFAULT_REGION,
    accessKeyId: pick(env.AWS_ACCESS_KEY_ID, credentials.aws_access_key_id, config.aws_access_key_id),
    secretAccessKey: pick(env.AWS_SECRET_ACCESS_KEY, credentials.aws_secret_access_key, config.aws_secret_access_key),
    sessionToken: pick(env.AWS_SESSION_TOKEN, credentials.aws_session_token, config.aws_session_token),
    allowHttp: allowHttpText === undefined ? false : /^(true|1|yes)$/i.test(allowHttpText),
    ...(fromFile ? { profile } : {}),
  };
}

/** LanceDB's storageOptions (object_store's names). All values are strings. */
export function lanceStorageOptions(settings: S3Settings): Record<string, string> {
  const options: Record<string, string> = { aws_region: settings.region };
  if (settings.endpoint) options.aws_endpoint = settings.endpoint;
  if (settings.accessKeyId) options.aws_access_key_id = settings.accessKeyId;
  if (settings.secretAccessKey) options.aws_secret_access_key = settings.secretAccessKey;
  if (settings.sessionToken) options.aws_session_token = settings.sessionToken;
  if (settings.allowHttp) options.allow_http = 'true';
  // A server that does not answer should fail in seconds, not after object_store's 3 minutes of retries.
  options.connect_timeout = '10s';
  options.client_max_retries = '3';
  options.client_retry_timeout = '30s';
  return options;
}

/** Replaces every secret of these settings in `text` with "***" (for errors, logs and the UI). */
export function redact(text: string, settings: S3Settings | undefined): string {
  if (!settings) return text;
  let out = text;
  for (const secret of [settings.secretAccessKey, settings.sessionToken]) {
    if (secret && secret.length >= 4) out = out.split(secret).join('***');
  }
  return out;
}

/** A small INI reader for the AWS files: sections of `key = value`; a missing file is empty. */
function readIni(file: string): Record<string, Record<string, string>> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return {};
  }
  const sections: Record<string, Record<string, string>> = {};
  let current: Record<string, string> | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const section = /^\[(.+)\]$/.exec(line);
    if (section) {
      current = sections[section[1].trim()] ??= {};
      continue;
    }
    const eq = line.indexOf('=');
    if (current && eq > 0) current[line.slice(0, eq).trim().toLowerCase()] = line.slice(eq + 1).trim();
  }
  return sections;
}
