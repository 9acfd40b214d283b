/** Name → implementation of every built-in function (and the comparison operators). */
import { CASING_FUNCTIONS } from './casing-functions';
import { COLLECTION_FUNCTIONS } from './collection-functions';
import { DATE_FUNCTIONS } from './date-functions';
import { ENCODING_FUNCTIONS } from './encoding-functions';
import { FunctionImpl } from './function-impl';
import { LOGIC_FUNCTIONS } from './logic-functions';
import { RANDOM_FUNCTIONS } from './random-functions';
import { replace } from './replace-function';
import { ROLE_FUNCTIONS } from './role-functions';
import { TEXT_FUNCTIONS } from './text-functions';

export const FUNCTIONS: ReadonlyMap<string, FunctionImpl> = new Map(
  Object.entries({
    ...CASING_FUNCTIONS,
    ...COLLECTION_FUNCTIONS,
    ...DATE_FUNCTIONS,
    ...ENCODING_FUNCTIONS,
    ...LOGIC_FUNCTIONS,
    ...RANDOM_FUNCTIONS,
    ...ROLE_FUNCTIONS,
    ...TEXT_FUNCTIONS,
    Replace: replace,
  }),
);
