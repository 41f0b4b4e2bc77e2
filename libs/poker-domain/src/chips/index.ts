export { countChips, totalChips } from './total-chips';
export type { ChipCount } from './total-chips';
