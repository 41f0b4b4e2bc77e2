export { NOW, catalogPairs, contextAt, fieldsOf, ids, rejectionOf } from './fixtures';
export { handDealt, joined, seated, tableOpened } from './table.fixtures';
export { HandScript, act, playOf, startHand, typesOf } from './hand.fixtures';
