/**
 * @module
 * The API's tenant routes as types, read from the types generated from the server's own OpenAPI
 * document (api-types.generated.ts; `tests/server/api-types.test.ts` fails when that file is stale).
 * A widget that calls a route through `ApiClient.call` gets the path parameters, query, body and
 * answer the server documents, so a changed server schema breaks `npm run typecheck` instead of a
 * resident's page. Types only: nothing here reaches the bundle.
 */
import type { paths } from './api-types.generated.ts';

type TenantPaths = { [P in keyof paths as P extends `/v1/{tenant}${infer Rest}` ? Rest : never]: paths[P] };

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** A tenant route as the document names it, without `/v1/{tenant}`: `/premises/{premiseId}/meters`. */
export type Route = keyof TenantPaths;

/** The methods the document gives a route. */
export type MethodOf<R extends Route> = { [M in Method]-?: [NonNullable<TenantPaths[R][M]>] extends [never] ? never : M }[Method];

type Operation<R extends Route, M extends Method> = NonNullable<TenantPaths[R][M]>;
type Parameters<R extends Route, M extends Method> = Operation<R, M> extends { parameters: infer P } ? P : never;

/** The route's path parameters other than the tenant (the client fills that in). */
export type PathParams<R extends Route, M extends Method> = Parameters<R, M> extends { path: infer P } ? Omit<P, 'tenant'> : Record<never, never>;
export type QueryParams<R extends Route, M extends Method> = Parameters<R, M> extends { query?: infer Q } ? NonNullable<Q> : never;
type JsonBody<B> = [B] extends [never] ? never : B extends { content: { 'application/json': infer J } } ? J : never;
type BodyOf<O> = JsonBody<NonNullable<O extends { requestBody?: infer B } ? B : never>>;
export type RequestBody<R extends Route, M extends Method> = BodyOf<Operation<R, M>>;

type Responses<R extends Route, M extends Method> = Operation<R, M> extends { responses: infer S } ? S : never;
type JsonOf<T> = T extends { content: { 'application/json': infer J } } ? J : undefined;

/** The JSON body of the route's success answer (200, 201 or 204 — undefined for 204). */
export type Answer<R extends Route, M extends Method> = {
  [S in keyof Responses<R, M>]: S extends 200 | 201 | 204 ? JsonOf<Responses<R, M>[S]> : never;
}[keyof Responses<R, M>];

/** What a call names besides the route: its path parameters, query and body, each only when the route has them. */
export type CallRequest<R extends Route, M extends Method> = (keyof PathParams<R, M> extends never ? { params?: undefined } : { params: PathParams<R, M> }) &
  ([QueryParams<R, M>] extends [never] ? { query?: undefined } : { query?: QueryParams<R, M> }) &
  ([RequestBody<R, M>] extends [never] ? { body?: undefined } : { body: RequestBody<R, M> });
