export { SagaKitServer, SAGA_KIT_TRANSPORT } from './saga-kit.server';
