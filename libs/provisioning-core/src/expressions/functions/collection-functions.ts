/** Multi-valued helpers: Coalesce, Count, Item, RemoveDuplicates, Split. */
import { ExpressionValue } from '../types';
import { formatNumber, isNull, toInteger, toList } from '../values';
import { FunctionImpl } from './function-impl';

export const COLLECTION_FUNCTIONS: Readonly<Record<string, FunctionImpl>> = {
  Coalesce: (p, ev) => {
    for (let i = 0; i < p.length; i++) {
      const value = ev.value(p, i);
      if (!isNull(value)) return value;
    }
    return null;
  },

  Count: (p, ev) => formatNumber(toList(ev.value(p, 0)).length),

  Item: (p, ev) => {
    const items = toList(ev.value(p, 0));
    const index = toInteger(ev.value(p, 1), 'Item index');
    return index >= 1 && index <= items.length ? items[index - 1] : null;
  },

  RemoveDuplicates: (p, ev) => {
    const value = ev.value(p, 0);
    if (!Array.isArray(value)) return value;
    const seen = new Set<string>();
    const out: ExpressionValue[] = [];
    for (const item of value) {
      const key = typeof item === 'string' ? item : JSON.stringify(item);
      if (item === null || seen.has(key)) continue;
      seen.add(key);
      out.push(item);
    }
    return out;
  },

  Split: (p, ev) => {
    const text = ev.text(p, 0);
    if (text === null) return null;
    const delimiter = ev.text(p, 1) ?? '';
    const pieces = delimiter === '' ? [text] : text.split(delimiter);
    return pieces.map((piece) => piece.trim()).filter((piece) => piece !== '');
  },
};
