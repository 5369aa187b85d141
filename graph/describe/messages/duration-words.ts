import { DURATION_PATTERN } from '../../schema/common.js';

type Unit = 's' | 'm' | 'h' | 'd' | 'w';

/** Singular and plural word of each duration unit. */
export type UnitWords = Record<Unit, readonly [one: string, many: string]>;

/** A `durationInWords` for another language: "3d" → "3 jours". Malformed durations stay as written. */
export function durationWords(units: UnitWords): (duration: string) => string {
  return (duration) => {
    const match = DURATION_PATTERN.exec(duration);
    if (match === null) return duration;
    const count = Number(match[1]);
    const [one, many] = units[match[2] as Unit];
    return `${count} ${count === 1 ? one : many}`;
  };
}
