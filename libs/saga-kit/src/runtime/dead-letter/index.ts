export { DeadLetterPublisher, deadLetterIdOf, errorInfo } from './dead-letter-publisher';
export type { DeadLetterInput } from './dead-letter-publisher';
