/**
 * Historical crash replays as data: each episode's source figures (index move peak to trough or on
 * the day, volatility-index levels, policy-rate moves, sector moves) and the shocks derived from
 * them. Applied instantaneously (the whole move at once, no time decay: conservative for the long
 * episodes) to every holding through its beta (market target); sector shocks are added on top
 * where the episode hit one sector much harder. Holdings with their own history in the shipped
 * data can also be replayed day by day (replay-history.ts, `ownHistory`).
 *
 * Volatility: shocks are relative to today's implied vols, sized as the volatility index's rise
 * (peak / pre-event level - 1), on the market target (every name, no beta). VIX and VXO measure
 * 30-day implied vol, so the shock is term-scaled with referenceDays 30 (exponent 0.5, at most
 * x1.5 for shorter expiries): longer-dated vols moved less. The put-wing skew steepening is a house
 * assumption (the figures do not give it), stated as such.
 *
 * Figures are index closes. Approximate figures are marked "approx." in the citations.
 */
import type { ReplaySource, ScenarioDefinition, ScenarioShock, Severity, TermScaling } from './scenario-definition.ts';

/** VIX-style 30-day vol moves, more at shorter expiries (capped at x1.5), less at longer ones. */
export const VIX_TERM_SCALING: TermScaling = { referenceDays: 30, exponent: 0.5, maxFactor: 1.5 };

interface Episode {
  readonly key: string;
  readonly name: string;
  readonly severity: Severity;
  readonly description: string;
  readonly source: ReplaySource;
  readonly marketMove: number;
  readonly volRelative: number;
  readonly skew: number;
  readonly rateBp?: number;
  readonly sectorMoves?: Readonly<Record<string, number>>;
}

const EPISODES: readonly Episode[] = [
  {
    // S&P 500 closed at 224.84 on 1987-10-19, down 57.86 points (-20.47 %) from 282.70 on 1987-10-16 (S&P Dow Jones Indices
    // historical closes); the Dow fell 22.6 %. CBOE's VXO (back-calculated S&P 100 implied vol) closed at 150.19 on
    // 1987-10-19, its record; it had traded in the 20s-30s in the preceding weeks (approx.): we take x4 (+300 %).
    // No policy-rate move on the day (the Fed's liquidity statement came on 1987-10-20).
    key: 'black-monday-1987', name: 'Black Monday 1987', severity: 'moderate',
    description: 'One-day crash of 19 October 1987: S&P 500 -20.5 %, VXO about 150',
    source: {
      event: 'Black Monday', from: '1987-10-16', to: '1987-10-19',
      figures: { 'S&P 500 move': -0.2047, 'Dow Jones Industrial Average move': -0.226, 'VXO close 1987-10-19': 150.19 },
      citations: ['S&P Dow Jones Indices, S&P 500 daily closes 1987-10-16/19', 'Cboe, VXO history (1987-10-19 close 150.19)', 'Pre-crash VXO 20s-30s: approx.'],
    },
    marketMove: -0.2047, volRelative: 3, skew: 0.3,
  },
  {
    // Nasdaq Composite 5,048.62 (2000-03-10 close) -> 1,114.11 (2002-10-09): -77.9 %. S&P 500 1,527.46 (2000-03-24) ->
    // 776.76 (2002-10-09): -49.1 %. VIX closes in the mid-40s in July-October 2002 (approx. 45) vs ~22 before (approx.):
    // +100 %. Fed funds target 6.50 % (2000-05-16) -> 1.75 % (2001-12-11): -475 bp. A beta-1 technology name falls like the
    // Nasdaq: (1 - 0.491) (1 + x) = 1 - 0.779 gives x = -0.566 on top of the market move.
    key: 'dotcom-2000-2002', name: 'Dot-com crash 2000-2002', severity: 'extreme',
    description: 'Technology bust, March 2000 to October 2002: Nasdaq -78 %, S&P 500 -49 %, Fed funds -475 bp',
    source: {
      event: 'Dot-com crash', from: '2000-03-10', to: '2002-10-09',
      figures: { 'Nasdaq Composite move': -0.779, 'S&P 500 move': -0.491, 'VIX level (approx.)': 45, 'Fed funds change (bp)': -475 },
      citations: ['Nasdaq OMX, Composite daily closes', 'S&P Dow Jones Indices, S&P 500 daily closes', 'Federal Reserve, FOMC target history', 'Cboe VIX history (levels approx.)'],
      ownHistory: { dataset: 'dowjones30', from: '2000-01-14', to: '2000-12-29' },
    },
    marketMove: -0.491, volRelative: 1, skew: 0.2, rateBp: -475,
    sectorMoves: { 'Information Technology': -0.566, 'Communication Services': -0.4 },
  },
  {
    // S&P 500 1,565.15 (2007-10-09) -> 676.53 (2009-03-09): -56.8 %. VIX closing peak 80.86 on 2008-11-20, from about 17
    // at the October 2007 peak (approx.): +375 %. Fed funds target 5.25 % (to 2007-09-18) -> 0-0.25 % (2008-12-16): -500 bp.
    // S&P 500 Financials fell roughly 80 % peak to trough (approx.): (1 - 0.568)(1 + x) = 0.17 gives x = -0.6.
    key: 'financial-crisis-2008', name: 'Global financial crisis 2007-2009', severity: 'extreme',
    description: 'October 2007 to March 2009: S&P 500 -57 %, VIX 80.9 (2008-11-20), Fed funds to 0-0.25 %',
    source: {
      event: '2008 financial crisis', from: '2007-10-09', to: '2009-03-09',
      figures: { 'S&P 500 move': -0.568, 'VIX close 2008-11-20': 80.86, 'Fed funds change (bp)': -500, 'S&P 500 Financials move (approx.)': -0.8 },
      citations: ['S&P Dow Jones Indices, S&P 500 daily closes', 'Cboe VIX history (2008-11-20 close 80.86)', 'Federal Reserve, FOMC statement 2008-12-16'],
      ownHistory: { dataset: 'spisector', from: '2008-01-03', to: '2008-10-17' },
    },
    marketMove: -0.568, volRelative: 3.75, skew: 0.3, rateBp: -500, sectorMoves: { Financials: -0.6 },
  },
  {
    // S&P 500 3,386.15 (2020-02-19) -> 2,237.40 (2020-03-23): -33.9 %. VIX closed at 82.69 on 2020-03-16 (record close), from
    // 14.38 on 2020-02-19: +475 %. Fed funds target 1.50-1.75 % -> 0-0.25 % (cuts of 2020-03-03 and 2020-03-15): -150 bp.
    // Energy fell about twice as far as the index with the oil price collapse (approx.): extra -30 %.
    key: 'covid-2020', name: 'COVID-19 crash 2020', severity: 'severe',
    description: '19 February to 23 March 2020: S&P 500 -34 %, VIX 82.7 (2020-03-16), Fed funds -150 bp',
    source: {
      event: 'COVID-19 crash', from: '2020-02-19', to: '2020-03-23',
      figures: { 'S&P 500 move': -0.339, 'VIX close 2020-03-16': 82.69, 'VIX close 2020-02-19': 14.38, 'Fed funds change (bp)': -150 },
      citations: ['S&P Dow Jones Indices, S&P 500 daily closes', 'Cboe VIX history', 'Federal Reserve, FOMC statements 2020-03-03 and 2020-03-15', 'Energy sector move: approx.'],
    },
    marketMove: -0.339, volRelative: 4.75, skew: 0.3, rateBp: -150, sectorMoves: { Energy: -0.3 },
  },
  {
    // "Volmageddon": VIX closed at 37.32 on 2018-02-05 from 17.31 on 2018-02-02 (+115.6 %, its largest one-day rise),
    // S&P 500 2,762.13 -> 2,648.94 (-4.1 %); short-volatility products (XIV) collapsed.
    key: 'vol-shock-2018', name: 'February 2018 volatility shock', severity: 'mild',
    description: '5 February 2018: VIX +116 % in a day, S&P 500 -4.1 %',
    source: {
      event: 'February 2018 volatility shock', from: '2018-02-02', to: '2018-02-05',
      figures: { 'VIX move': 1.156, 'VIX close 2018-02-05': 37.32, 'S&P 500 move': -0.041 },
      citations: ['Cboe VIX history (2018-02-02 close 17.31, 2018-02-05 close 37.32)', 'S&P Dow Jones Indices, S&P 500 daily closes'],
    },
    marketMove: -0.041, volRelative: 1.156, skew: 0.2,
  },
];

function shocksOf(e: Episode): ScenarioShock[] {
  const shocks: ScenarioShock[] = [
    { target: { market: true }, spot: { relative: e.marketMove } },
    { target: { market: true }, volatility: { relative: e.volRelative, termScaling: VIX_TERM_SCALING }, skew: { volPerLogMoneyness: e.skew } },
  ];
  if (e.rateBp !== undefined) shocks.push({ target: { market: true }, rateBp: e.rateBp });
  for (const [sector, move] of Object.entries(e.sectorMoves ?? {})) shocks.push({ target: { sector }, spot: { relative: move } });
  return shocks;
}

function definitionOf(e: Episode): ScenarioDefinition {
  return {
    id: `stress.replay.${e.key}`, name: e.name, type: 'historical-replay', severity: e.severity, description: e.description,
    sourceNotes: `${e.source.citations.join('; ')}. Market move through each beta; vol +${Math.round(e.volRelative * 100)} % relative at 30 days (term-scaled); `
      + `put-wing skew ${e.skew} per unit log-moneyness (house assumption); instantaneous, no time decay.`,
    shocks: shocksOf(e), replay: e.source,
  };
}

/** The five named replays, ids 'stress.replay.<event>'. */
export const HISTORICAL_REPLAYS: readonly ScenarioDefinition[] = EPISODES.map(definitionOf);

/** Replay per severity for the 'historical-replay' row of the library (dot-com stays a named replay). */
export const REPLAY_BY_SEVERITY: Readonly<Record<Severity, string>> = {
  mild: 'stress.replay.vol-shock-2018',
  moderate: 'stress.replay.black-monday-1987',
  severe: 'stress.replay.covid-2020',
  extreme: 'stress.replay.financial-crisis-2008',
};
