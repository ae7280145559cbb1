/**
 * @module
 * The reading routes as the widgets see them: response types (from the API document, through
 * core/api-routes.ts) and one function per call, all
 * through the core `ApiClient` (so auth, `X-Doorstep-Now` and errors work as everywhere else).
 * `<consumption-history>` uses it too.
 */
import type { ApiClient } from '../core/api-client.ts';
import type { Answer } from '../core/api-routes.ts';

type MetersRoute = '/premises/{premiseId}/meters';
type ReadingsRoute = '/premises/{premiseId}/meters/{meterId}/readings';

/** The meters of a premise with this month's reading window (`GET …/meters`). */
export type MetersResponse = Answer<MetersRoute, 'get'>;
export type Meter = MetersResponse['meters'][number];
export type MeterKind = Meter['kind'];
/** `firstDay`/`lastDay` are the first and last local day: "no 30.05.2026 līdz 01.06.2026". */
export type ReadingWindow = MetersResponse['window'];
export type ReadingSummary = NonNullable<Meter['lastReading']>;
export type SubmittedReading = Answer<ReadingsRoute, 'post'>;
export type HistoryResponse = Answer<ReadingsRoute, 'get'>;
export type HistoryPeriod = HistoryResponse['periods'][number];

export function fetchMeters(client: ApiClient, premiseId: string, signal?: AbortSignal): Promise<MetersResponse> {
  return client.call('get', '/premises/{premiseId}/meters', { params: { premiseId }, signal });
}

export function submitReading(client: ApiClient, premiseId: string, meterId: string, value: string, confirm: boolean): Promise<SubmittedReading> {
  return client.call('post', '/premises/{premiseId}/meters/{meterId}/readings', { params: { premiseId, meterId }, body: { value, confirm } });
}

export function fetchHistory(client: ApiClient, premiseId: string, meterId: string, range: { from: string; to: string }, signal?: AbortSignal): Promise<HistoryResponse> {
  return client.call('get', '/premises/{premiseId}/meters/{meterId}/readings', { params: { premiseId, meterId }, query: range, signal });
}
