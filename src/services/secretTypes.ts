import type { OptionType } from '../core/Options.js';

/**
 * The accepted types of a secret option: a key of digits reads as a YAML number, and a type
 * error would print the value it refused.
 */
export const SECRET_TYPES: OptionType[] = ['string', 'number'];
