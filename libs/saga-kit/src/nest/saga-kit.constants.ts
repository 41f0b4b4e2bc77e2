/** Injection token of the `SagaKitModuleOptions` given to `forRoot` / `forRootAsync`. */
export const SAGA_KIT_OPTIONS = Symbol('saga-kit:options');

/** Injection token of the resolved ports (`SagaKitAdapters`) the runtime runs on. */
export const SAGA_KIT_ADAPTERS = Symbol('saga-kit:adapters');
