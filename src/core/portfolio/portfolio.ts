export type PortfolioStatus = 'active' | 'inactive' | 'closed';

export interface Portfolio {
  readonly id: string;
  readonly name: string;
  readonly baseCurrency: string;
  /** Cash balance in the base currency. */
  readonly cash: number;
  readonly benchmarkSymbol: string | null;
  readonly status: PortfolioStatus;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface NavPoint {
  readonly portfolioId: string;
  readonly at: string;
  /** Net asset value in the base currency. */
  readonly nav: number;
  readonly cash: number | null;
  readonly marketValue: number | null;
  /** Who produced the point: 'valuation', 'import', ... */
  readonly source: string;
}
