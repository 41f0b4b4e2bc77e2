export { createService, portFrom, runService } from './run-service';
export type { CreateServiceOptions, RunServiceOptions, ServiceModule } from './run-service';
