import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseLocation } from '../../../src/main/core/store/location';
import { signV4 } from '../../../src/main/core/store/s3-client';
import { lanceStorageOptions, redact, s3SettingsFromEnv } from '../../../src/main/core/store/storage-options';
import { makeTempDir } from '../../helpers/temp';

describe('library locations', () => {
  it('reads s3://BUCKET/PREFIX as object storage, never as a folder', () => {
    expect(parseLocation('s3://genten/lib')).toEqual({ kind: 's3', bucket: 'genten', prefix: 'lib', uri: 's3://genten/lib' });
    expect(parseLocation('s3://genten/team//manuals/')).toMatchObject({ prefix: 'team/manuals', uri: 's3://genten/team/manuals' });
    expect(parseLocation('s3://genten')).toMatchObject({ prefix: '', uri: 's3://genten' });
  });

  it('refuses schemes it does not support, bad buckets and dot segments', () => {
    expect(() => parseLocation('gs://bucket/lib')).toThrow(/gs:\/\/ is not supported/);
    expect(() => parseLocation('https://minio.intra/lib')).toThrow(/not supported/);
    expect(() => parseLocation('s3:genten/lib')).toThrow(/not a folder or an s3:\/\/ address/);
    expect(() => parseLocation('s3://Bad_Bucket/lib')).toThrow(/not a valid bucket/);
    expect(() => parseLocation('s3://genten/../lib')).toThrow(/"\.\."/);
  });

  it('keeps folders as folders', () => {
    expect(parseLocation('lib')).toEqual({ kind: 'local', dir: path.resolve('lib') });
    expect(parseLocation('file:///srv/genten')).toEqual({ kind: 'local', dir: path.resolve('/srv/genten') });
  });
});

describe('storage options from the AWS variables and files', () => {
  const temp = makeTempDir();
  afterAll(() => temp.cleanup());

  it('takes the variables, as strings, and allows http only when asked', () => {
    const settings = s3SettingsFromEnv({
      HOME: temp.dir,
      AWS_ENDPOINT_URL: 'http://127.0.0.1:9000/',
      AWS_REGION: 'ap-northeast-1',
      AWS_ACCESS_KEY_ID: 'AK',
      AWS_SECRET_ACCESS_KEY: 'SK-secret',
      AWS_ALLOW_HTTP: 'true',
    });
    const options = lanceStorageOptions(settings);
    expect(options).toMatchObject({
      aws_endpoint: 'http://127.0.0.1:9000',
      aws_region: 'ap-northeast-1',
      aws_access_key_id: 'AK',
      aws_secret_access_key: 'SK-secret',
      allow_http: 'true',
    });
    for (const value of Object.values(options)) expect(typeof value).toBe('string');
    expect(lanceStorageOptions(s3SettingsFromEnv({ HOME: temp.dir })).allow_http).toBeUndefined();
  });

  it('reads the profile AWS_PROFILE names from ~/.aws/credentials and ~/.aws/config; variables win', () => {
    fs.mkdirSync(path.join(temp.dir, '.aws'));
    fs.writeFileSync(
      path.join(temp.dir, '.aws', 'credentials'),
      '[default]\naws_access_key_id = DEF\naws_secret_access_key = def-secret\n\n[plant]\naws_access_key_id = PLANT\naws_secret_access_key = plant-secret\n',
    );
    fs.writeFileSync(
      path.join(temp.dir, '.aws', 'config'),
      '[default]\nregion = us-west-2\n[profile plant]\nregion = ap-northeast-3\nendpoint_url = https://minio.plant.example\n',
    );
    expect(s3SettingsFromEnv({ HOME: temp.dir })).toMatchObject({ accessKeyId: 'DEF', secretAccessKey: 'def-secret', region: 'us-west-2' });
    expect(s3SettingsFromEnv({ HOME: temp.dir, AWS_PROFILE: 'plant' })).toMatchObject({
      accessKeyId: 'PLANT',
      secretAccessKey: 'plant-secret',
      region: 'ap-northeast-3',
      endpoint: 'https://minio.plant.example',
      profile: 'plant',
    });
    expect(s3SettingsFromEnv({ HOME: temp.dir, AWS_PROFILE: 'plant', AWS_REGION: 'eu-west-1', AWS_ACCESS_KEY_ID: 'ENV' })).toMatchObject({
      accessKeyId: 'ENV',
      region: 'eu-west-1',
    });
  });

  it('scrubs secrets from messages', () => {
    const settings = s3SettingsFromEnv({ HOME: temp.dir, AWS_SECRET_ACCESS_KEY: 'hunter2-long', AWS_SESSION_TOKEN: 'tok-123456' });
    expect(redact('failed with key hunter2-long and token tok-123456', settings)).toBe('failed with key *** and token ***');
  });
});

describe('AWS Signature Version 4', () => {
  // The worked examples of the S3 API reference ("Signature Calculations for the Authorization Header").
  const keys = {
    region: 'us-east-1',
    accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
    secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    date: new Date('2013-05-24T00:00:00Z'),
  };
  const empty = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

  it('signs GET Object as AWS documents it', () => {
    const headers: Record<string, string> = { host: 'examplebucket.s3.amazonaws.com', range: 'bytes=0-9', 'x-amz-content-sha256': empty };
    signV4({ method: 'GET', path: '/test.txt', query: '', headers, payloadHash: empty, ...keys });
    expect(headers.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
    );
  });

  it('signs a bucket listing with a query as AWS documents it', () => {
    const headers: Record<string, string> = { host: 'examplebucket.s3.amazonaws.com', 'x-amz-content-sha256': empty };
    signV4({ method: 'GET', path: '/', query: 'max-keys=2&prefix=J', headers, payloadHash: empty, ...keys });
    expect(headers.authorization).toContain('Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7');
  });
});
