import { PricingConfig } from '../src/domain/pricing';

/**
 * A shop's pricing for the unit tests (the shipped pricing.json may change): DE 19 %, FR 20 %,
 * HU 27 %, no tax elsewhere; economy free (the default), standard 4.90 free from 50.00, express 9.90.
 */
export const shopPricing = (pricesIncludeTax: boolean): PricingConfig =>
  PricingConfig.parse({
    pricesIncludeTax,
    tax: { rates: { DE: 1900, FR: 2000, HU: 2700 }, otherwise: 0 },
    shipping: {
      default: 'economy',
      methods: [
        { id: 'economy', name: 'Economy', fee: { EUR: 0, USD: 0, GBP: 0 }, freeFrom: null },
        {
          id: 'standard',
          name: 'Standard',
          fee: { EUR: 490, USD: 590, GBP: 450 },
          freeFrom: { EUR: 5000, USD: 6000, GBP: 4500 },
        },
        { id: 'express', name: 'Express', fee: { EUR: 990, USD: 1290, GBP: 950 }, freeFrom: null },
      ],
    },
  });
