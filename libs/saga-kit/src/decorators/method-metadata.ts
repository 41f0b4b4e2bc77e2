import 'reflect-metadata';
import type { MethodMetadataKey } from './metadata-keys';

/** One decorated method and what its decorator said about it. */
export interface MethodMetadata<T> {
  readonly method: string;
  readonly value: T;
}

/** Appends a method's metadata to its class's list under `key`; only writes metadata. */
export function addMethodMetadata<T>(
  key: MethodMetadataKey,
  prototype: object,
  method: string | symbol,
  value: T,
): void {
  if (typeof method === 'symbol') {
    throw new TypeError(`saga-kit handlers need string method names, got ${String(method)}`);
  }
  const own = (Reflect.getOwnMetadata(key, prototype) as MethodMetadata<T>[] | undefined) ?? [];
  Reflect.defineMetadata(key, [...own, { method, value }], prototype);
}

/**
 * Every method decorated with `key` on an instance's class and its base classes, base first.
 * A subclass overriding a decorated method keeps both entries; the builders report duplicates.
 */
export function readMethodMetadata<T>(
  key: MethodMetadataKey,
  instance: object,
): MethodMetadata<T>[] {
  const chain: object[] = [];
  for (
    let proto: unknown = Object.getPrototypeOf(instance);
    proto && proto !== Object.prototype;
    proto = Object.getPrototypeOf(proto)
  ) {
    chain.unshift(proto);
  }
  return chain.flatMap(
    (proto) => (Reflect.getOwnMetadata(key, proto) as MethodMetadata<T>[] | undefined) ?? [],
  );
}
