import { describe } from '@jest/globals';
import type { TransportConformanceFactory } from './conformance-factory';
import { useTransport } from './transport-context';
import { deliveryConformance } from './transport-delivery.conformance';
import { inputConformance } from './transport-input.conformance';
import { lifecycleConformance } from './transport-lifecycle.conformance';

/** Declares the jest tests every `Transport` adapter must pass; `name` labels the adapter. */
export function transportConformance(name: string, factory: TransportConformanceFactory): void {
  describe(`${name} honours the Transport contract`, () => {
    const ctx = useTransport(factory);
    deliveryConformance(ctx);
    lifecycleConformance(ctx);
    inputConformance(ctx);
  });
}
