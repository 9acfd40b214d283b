/** Formats a DateValue with a .NET format string (en-US names; the server's local zone is UTC). */
import { evaluationError } from '../errors';
import { DateValue, toParts } from './date-value';
import { formatTokens } from './format-tokens';
import { abbreviation, DAY_NAMES, MONTH_NAMES } from './names';

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

export function formatDate(value: DateValue, format: string): string {
  const p = toParts(value);
  let out = '';
  for (const token of formatTokens(format)) {
    if (token.kind === 'literal') {
      out += token.text;
      continue;
    }
    const { ch, len } = token;
    switch (ch) {
      case 'd':
        out +=
          len === 1 ? String(p.day) : len === 2 ? pad(p.day, 2) : len === 3 ? abbreviation(DAY_NAMES[p.dayOfWeek]) : DAY_NAMES[p.dayOfWeek];
        break;
      case 'M':
        out +=
          len === 1
            ? String(p.month)
            : len === 2
              ? pad(p.month, 2)
              : len === 3
                ? abbreviation(MONTH_NAMES[p.month - 1])
                : MONTH_NAMES[p.month - 1];
        break;
      case 'y':
        out += len === 1 ? String(p.year % 100) : len === 2 ? pad(p.year % 100, 2) : pad(p.year, len);
        break;
      case 'h': {
        const h12 = p.hour % 12 === 0 ? 12 : p.hour % 12;
        out += len === 1 ? String(h12) : pad(h12, 2);
        break;
      }
      case 'H':
        out += len === 1 ? String(p.hour) : pad(p.hour, 2);
        break;
      case 'm':
        out += len === 1 ? String(p.minute) : pad(p.minute, 2);
        break;
      case 's':
        out += len === 1 ? String(p.second) : pad(p.second, 2);
        break;
      case 'f':
      case 'F':
        out = appendFraction(out, p.millisecond * 10_000 + p.subTicks, ch, len, format);
        break;
      case 't': {
        const designator = p.hour < 12 ? 'AM' : 'PM';
        out += len === 1 ? designator[0] : designator;
        break;
      }
      case 'z':
        out += len === 1 ? '+0' : len === 2 ? '+00' : '+00:00';
        break;
      case 'K':
        out += value.hasZone ? 'Z' : '';
        break;
      case 'g':
        out += 'A.D.';
        break;
    }
  }
  return out;
}

function appendFraction(out: string, ticks: number, ch: string, len: number, format: string): string {
  if (len > 7) throw evaluationError(`too many fraction digits in date format "${format}"`);
  const digits = pad(ticks, 7).slice(0, len);
  if (ch === 'f') return out + digits;
  const trimmed = digits.replace(/0+$/, '');
  if (trimmed === '' && out.endsWith('.')) return out.slice(0, -1);
  return out + trimmed;
}
