import { describe, expect, test } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.ts';

describe('configuration from the environment', () => {
  test('defaults give the embedded demo', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 8787, databaseUrl: undefined, demoMode: true, dataDir: './data', seed: 'auto' });
  });

  test('files: postgres by default; s3 needs a bucket, both credentials or neither, and reads every S3 setting', () => {
    expect(loadConfig({}).files).toBe('postgres');
    expect(loadConfig({}).s3).toBeUndefined();
    expect(() => loadConfig({ DOORSTEP_FILES: 's3' })).toThrow(/S3_BUCKET: required with DOORSTEP_FILES=s3/);
    expect(() => loadConfig({ DOORSTEP_FILES: 'ftp' })).toThrow(/DOORSTEP_FILES/);
    expect(() => loadConfig({ DOORSTEP_FILES: 's3', S3_BUCKET: 'b', S3_ACCESS_KEY_ID: 'only-one' })).toThrow(/give both or neither/);
    expect(() => loadConfig({ S3_BUCKET: 'b', S3_ENDPOINT: 'not a url' })).toThrow(/S3_ENDPOINT/);
    const config = loadConfig({
      DOORSTEP_FILES: 's3',
      S3_BUCKET: 'doorstep-files',
      S3_ENDPOINT: 'https://s3.example.net',
      S3_REGION: 'eu-central',
      S3_ACCESS_KEY_ID: 'id',
      S3_SECRET_ACCESS_KEY: 'secret',
      S3_FORCE_PATH_STYLE: 'true',
    });
    expect(config.files).toBe('s3');
    expect(config.s3).toEqual({ bucket: 'doorstep-files', endpoint: 'https://s3.example.net', region: 'eu-central', accessKeyId: 'id', secretAccessKey: 'secret', forcePathStyle: true });
  });

  test('a bad value stops the start with a message that names the variable', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ JWT_SECRET: 'short' })).toThrow(/JWT_SECRET/);
    expect(() => loadConfig({ DOORSTEP_NOW: 'tomorrow' })).toThrow(/DOORSTEP_NOW/);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET: required in production/);
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) })).toThrow(/DOORSTEP_PERSONAL_CODE_KEY: required in production/);
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32), DOORSTEP_PERSONAL_CODE_KEY: 'k'.repeat(32) })).toThrow(/DOORSTEP_ENCRYPTION_KEY: required in production/);
    expect(() => loadConfig({ DOORSTEP_PERSONAL_CODE_KEY: 'short' })).toThrow(/DOORSTEP_PERSONAL_CODE_KEY/);
  });

  test('the frozen clock and demo mode exist only with the embedded database outside production', () => {
    expect(loadConfig({ DOORSTEP_NOW: '2026-05-30T10:00:00+03:00' }).frozenNow?.toISOString()).toBe('2026-05-30T07:00:00.000Z');
    const server = loadConfig({ DOORSTEP_NOW: '2026-05-30T10:00:00+03:00', DATABASE_URL: 'postgres://localhost/x' });
    expect(server.demoMode).toBe(false);
    expect(server.frozenNow).toBeUndefined();
    const production = loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32), DOORSTEP_PERSONAL_CODE_KEY: 'k'.repeat(32), DOORSTEP_ENCRYPTION_KEY: 'e'.repeat(32), DOORSTEP_NOW: '2026-05-30T10:00:00Z' });
    expect(production.demoMode).toBe(false);
    expect(production.frozenNow).toBeUndefined();
  });
});
