import { afterEach, describe, expect, test, vi } from 'vitest';
import { createLogger } from '../../server/http/logger.ts';

describe('the logger', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.useRealTimers();
  });

  test('a given writer gets each line at once, as JSON, with the child fields', () => {
    const lines: string[] = [];
    const log = createLogger('info', { app: 'doorstep' }, (line) => lines.push(line)).child({ requestId: 'r1' });
    log.debug('hidden');
    log.info('request', { status: 200 });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'info', msg: 'request', app: 'doorstep', requestId: 'r1', status: 200 });
  });

  test('stdout gets lines in batches, and an error at once with everything before it', () => {
    vi.useFakeTimers();
    const written: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((text: string) => void written.push(text));
    const log = createLogger('info').child({ requestId: 'r2' });
    log.info('one');
    log.info('two');
    expect(written).toEqual([]);
    vi.advanceTimersByTime(100);
    expect(written).toHaveLength(1);
    expect(written[0]!.split('\n').map((line) => JSON.parse(line).msg)).toEqual(['one', 'two']);

    log.info('three');
    log.error('four');
    expect(written).toHaveLength(2);
    expect(written[1]!.split('\n').map((line) => JSON.parse(line).msg)).toEqual(['three', 'four']);
    vi.advanceTimersByTime(100);
    expect(written).toHaveLength(2);
  });

  test('silent writes nothing', () => {
    const lines: string[] = [];
    const log = createLogger('silent', {}, (line) => lines.push(line));
    log.error('nothing');
    expect(lines).toEqual([]);
  });
});
