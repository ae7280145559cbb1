/**
 * @module
 * Demo residents as real clients of a running server: log in, find their meters, and submit
 * readings in loops, remembering every reading the server acknowledged (201) — what the crash
 * and two-instance tests then look for in the database.
 */
export const DEMO_PASSWORD = 'Parole-2026!';

export interface Session {
  email: string;
  accessToken: string;
  refreshToken: string;
}

export interface MeterRef {
  premiseId: string;
  meterId: string;
  session: Session;
}

export interface Acknowledged {
  id: string;
  meterId: string;
  period: string;
  version: number;
  value: string;
}

export async function api(base: string, method: string, path: string, options: { token?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  return fetch(`${base}${path}`, {
    method,
    headers: {
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...options.headers,
    },
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
}

export async function logIn(base: string, email: string, tenant = 'demo'): Promise<Session> {
  const response = await api(base, 'POST', `/v1/${tenant}/auth/login`, { body: { email, password: DEMO_PASSWORD, remember: true } });
  if (response.status !== 200) throw new Error(`login ${email}: ${response.status} ${await response.text()}`);
  const body = (await response.json()) as { accessToken: string; refreshToken: string };
  return { email, ...body };
}

/** Every meter the resident may submit for now (the window must be open). */
export async function metersOf(base: string, session: Session, tenant = 'demo'): Promise<MeterRef[]> {
  const me = (await (await api(base, 'GET', `/v1/${tenant}/me`, { token: session.accessToken })).json()) as { premises: Array<{ id: string }> };
  const meters: MeterRef[] = [];
  for (const premise of me.premises) {
    const response = await api(base, 'GET', `/v1/${tenant}/premises/${premise.id}/meters`, { token: session.accessToken });
    if (response.status !== 200) continue;
    const body = (await response.json()) as { meters: Array<{ id: string; accepting: boolean }> };
    for (const meter of body.meters) if (meter.accepting) meters.push({ premiseId: premise.id, meterId: meter.id, session });
  }
  return meters;
}

/**
 * Submits ever larger readings to one meter until `stop()` says so or the server stops answering,
 * adding each reading acknowledged with 201 to `acknowledged` as it comes.
 */
export async function submitLoop(
  base: string,
  meter: MeterRef,
  start: number,
  stop: () => boolean,
  acknowledged: Acknowledged[] = [],
  tenant = 'demo',
): Promise<{ acknowledged: Acknowledged[]; failures: string[] }> {
  const failures: string[] = [];
  for (let value = start; !stop(); value += 1) {
    let response: Response;
    try {
      response = await api(base, 'POST', `/v1/${tenant}/premises/${meter.premiseId}/meters/${meter.meterId}/readings`, {
        token: meter.session.accessToken,
        body: { value: `${value}.5`, confirm: true },
      });
    } catch {
      break; // the server is gone: whatever was in flight was never acknowledged
    }
    const text = await response.text();
    if (response.status === 201) {
      const body = JSON.parse(text) as { reading: { id: string; period: string; version: number; value: string } };
      acknowledged.push({ id: body.reading.id, meterId: meter.meterId, period: body.reading.period, version: body.reading.version, value: body.reading.value });
    } else {
      failures.push(`${response.status} ${text.slice(0, 200)}`);
      if (failures.length > 5) break;
    }
  }
  return { acknowledged, failures };
}
