export { NOW, catalogPairs, contextFor, fieldsOf, ids, rejectionOf } from './fixtures';
export { handDealt, joined, seated, tableOpened } from './table.fixtures';
