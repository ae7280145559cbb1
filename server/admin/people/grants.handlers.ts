/**
 * @module
 * The handlers of the premise grant routes (see grants.routes.ts): the rulebook decides
 * (grant-rules.ts), the repository stores, and every change is audited in its own transaction.
 */
import type { AppDeps } from '../../deps.ts';
import { ApiError, notFound, validationFailed } from '../../errors.ts';
import { createRouter } from '../../http/context.ts';
import { isUuid } from '../../http/ids.ts';
import type { Tx } from '../../db/database.ts';
import { withAdmin } from '../admin-caller.ts';
import { afterId, toPage } from '../pagination.ts';
import { checkGrantRequest, grantChange } from './grant-rules.ts';
import { deleteGrant, findAccount, findGrant, findPremiseByRef, listGrants, saveGrant } from './people.repository.ts';
import { grantTermsForAudit, grantView } from './people.service.ts';
import { deleteGrantRoute, premiseGrantsRoute, putGrantRoute } from './grants.routes.ts';

async function requirePremise(trx: Tx, premiseRef: string) {
  const premise = await findPremiseByRef(trx, premiseRef);
  if (!premise) throw notFound('No such premise.');
  return premise;
}

export function grantsRouter(deps: AppDeps) {
  const router = createRouter();

  router.openapi(premiseGrantsRoute, async (c) => {
    const { premiseRef } = c.req.valid('param');
    const { limit, cursor } = c.req.valid('query');
    const after = afterId(cursor);
    const page = await withAdmin(deps, c, async ({ trx, now }) => {
      const premise = await requirePremise(trx, premiseRef);
      return toPage(await listGrants(trx, { premiseId: premise.id }, { afterId: after, limit }), limit, (row) => grantView(row, now));
    });
    return c.json(page, 200);
  });

  router.openapi(putGrantRoute, async (c) => {
    const { premiseRef, userId } = c.req.valid('param');
    const body = c.req.valid('json');
    const answer = await withAdmin(deps, c, async ({ trx, tenantId, now, audit }) => {
      const check = checkGrantRequest(body, now);
      if (!check.ok) throw check.status === 400 ? validationFailed(check.fields) : new ApiError(422, check.code, 'The expiry has passed already.', check.fields);
      const premise = await requirePremise(trx, premiseRef);
      const user = await findAccount(trx, userId);
      if (!user) throw notFound('No such account.');
      const before = await findGrant(trx, premise.id, user.id);
      const result = grantChange(before, check.terms);
      if (result === 'unchanged') return { item: grantView(before!, now), result };
      const grantId = await saveGrant(trx, { tenantId, premiseId: premise.id, userId: user.id, terms: check.terms, now });
      const after = (await findGrant(trx, premise.id, user.id))!;
      const target = { type: 'grant', id: grantId };
      const about = { premiseId: premise.id, premiseRef: premise.external_ref, userId: user.id, email: user.email };
      if (before) await audit('admin.grant.changed', target, { ...about, before: grantTermsForAudit(before), after: grantTermsForAudit(after) });
      else await audit('admin.grant.given', target, { ...about, ...grantTermsForAudit(after) });
      return { item: grantView(after, now), result };
    });
    return c.json(answer, answer.result === 'created' ? 201 : 200);
  });

  router.openapi(deleteGrantRoute, async (c) => {
    const { premiseRef, userId } = c.req.valid('param');
    await withAdmin(deps, c, async ({ trx, audit }) => {
      const premise = await requirePremise(trx, premiseRef);
      const grant = isUuid(userId) ? await findGrant(trx, premise.id, userId.toLowerCase()) : undefined;
      if (!grant) throw notFound('The person has no grant on this premise.');
      await deleteGrant(trx, grant.id);
      await audit('admin.grant.revoked', { type: 'grant', id: grant.id }, {
        premiseId: premise.id,
        premiseRef: premise.external_ref,
        userId: grant.user_id,
        email: grant.user_email,
        ...grantTermsForAudit(grant),
      });
    });
    return c.body(null, 204);
  });

  return router;
}
