import type { FastifyInstance } from 'fastify';
import { engageKillSwitch, listKillSwitches, releaseKillSwitch } from '../../../app/limits/kill-switch.ts';
import { setTradingState } from '../../../app/limits/set-trading-state.ts';
import { getEffectiveTradingState, type TradingStateDeps } from '../../../app/limits/trading-state.ts';
import { Type } from '@sinclair/typebox';
import { errorResponses, STD_ERRORS } from '../../contracts/common-schemas.ts';
import { EffectiveTradingState, KillSwitchBody, KillSwitches, SetTradingStateBody, TradingStateRecord } from '../../contracts/limit-schemas.ts';
import { PortfolioParams } from '../../contracts/portfolio-schemas.ts';
import { unwrap } from '../../errors.ts';
import { principalOf } from '../auth-plugin.ts';
import type { TypedApp } from '../typed-app.ts';

const errs = (...extra: number[]) => errorResponses(...STD_ERRORS, ...extra);
const writer = { minRole: 'risk_manager' as const };

/** Trading states per portfolio and firm-wide, and the kill switch (two-person release). */
export async function tradingStateRoutes(fastify: FastifyInstance, deps: TradingStateDeps): Promise<void> {
  const app = fastify as TypedApp;
  const tags = ['trading-state'];

  app.get('/portfolios/:portfolioId/trading-state', {
    schema: { tags, summary: 'Effective trading state: the stricter of the firm\'s and the portfolio\'s (a firm HALTED wins)', params: PortfolioParams, response: { 200: EffectiveTradingState, ...errs(404) } },
  }, async (req) => unwrap(await getEffectiveTradingState(deps, req.params.portfolioId)));

  app.put('/portfolios/:portfolioId/trading-state', {
    config: writer,
    schema: { tags, summary: 'Set a portfolio\'s trading state (not while its kill switch is engaged); returns the effective state', params: PortfolioParams, body: SetTradingStateBody, response: { 200: EffectiveTradingState, ...errs(404, 409) } },
  }, async (req) => {
    unwrap(await setTradingState(deps, principalOf(req), { scope: 'portfolio', portfolioId: req.params.portfolioId, ...req.body }));
    return unwrap(await getEffectiveTradingState(deps, req.params.portfolioId));
  });

  const ktags = ['kill-switch'];
  app.get('/kill-switch', { schema: { tags: ktags, summary: 'The firm kill switch and every engaged portfolio kill switch', response: { 200: KillSwitches, ...errs() } } },
    async () => listKillSwitches(deps));

  app.post('/kill-switch', {
    config: writer,
    schema: {
      tags: ktags, summary: 'Halt the firm or one portfolio at once (HALTED until another risk manager releases it)', body: KillSwitchBody,
      response: { 200: Type.Object({ changed: Type.Boolean({ description: 'false when it was already engaged' }), tradingState: TradingStateRecord }), ...errs(404) },
    },
  }, async (req) => {
    const r = unwrap(await engageKillSwitch(deps, principalOf(req), req.body));
    return { changed: r.changed, tradingState: r.record };
  });

  app.post('/kill-switch/release', {
    config: writer,
    schema: { tags: ktags, summary: 'Release a kill switch back to ACTIVE: only by a risk manager other than the one who engaged it', body: KillSwitchBody, response: { 200: Type.Object({ tradingState: TradingStateRecord }), ...errs(404, 409) } },
  }, async (req) => ({ tradingState: unwrap(await releaseKillSwitch(deps, principalOf(req), req.body)) }));
}
