import { Type, type TSchema } from '@sinclair/typebox';

export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const ErrorResponse = Type.Object({
  error: Type.Object({
    code: Type.String({ description: 'stable machine-readable code, e.g. INVALID_INPUT, PORTFOLIO_NOT_FOUND' }),
    message: Type.String(),
    details: Type.Optional(Type.Unknown({ description: 'for INVALID_INPUT: [{path, message}] listing every problem' })),
  }),
}, { $id: 'ErrorResponse', description: 'Every error has this shape' });

export const Symbol = Type.String({ minLength: 1, maxLength: 32, pattern: '^[A-Za-z0-9][A-Za-z0-9.^/=_-]*$' });
export const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9._:-]*$' });
export const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'calendar date YYYY-MM-DD' });
export const IsoTime = Type.String({ format: 'date-time', description: 'ISO 8601 time with zone' });
export const Currency = Type.String({ pattern: '^[A-Z]{3}$' });

export const EquityInstrument = Type.Object({
  type: Type.Union([Type.Literal('stock'), Type.Literal('etf'), Type.Literal('index')]),
  symbol: Symbol,
}, { additionalProperties: false });

export const OptionInstrument = Type.Object({
  type: Type.Literal('option'),
  underlying: Symbol,
  kind: Type.Union([Type.Literal('call'), Type.Literal('put')]),
  strike: Type.Number({ exclusiveMinimum: 0 }),
  expiry: IsoDate,
  exerciseStyle: Type.Optional(Type.Union([Type.Literal('american'), Type.Literal('european')], { default: 'american' })),
  multiplier: Type.Optional(Type.Number({ exclusiveMinimum: 0, default: 100 })),
}, { additionalProperties: false });

export const Instrument = Type.Union([EquityInstrument, OptionInstrument]);

/** Standard error responses for a route, merged into its response map. */
export const errorResponses = (...codes: number[]) => Object.fromEntries(codes.map((c) => [c, ErrorResponse]));
export const STD_ERRORS = [400, 401, 403, 429, 500, 503];
