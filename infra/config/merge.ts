/** True for plain objects (not arrays, not null). */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Merges `overlay` over `base`: objects merge key by key, everything else (arrays included) is replaced.
 * Neither input is modified.
 */
export function deepMerge(base: unknown, overlay: unknown): unknown {
  if (overlay === undefined) return base;
  if (!isPlainObject(base) || !isPlainObject(overlay)) return overlay;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overlay)) {
    // defineProperty, not assignment: a key named "__proto__" must stay an own (and so unknown) key,
    // not silently replace the prototype and vanish from validation.
    const baseValue = Object.prototype.hasOwnProperty.call(base, key) ? base[key] : undefined;
    Object.defineProperty(merged, key, {
      value: deepMerge(baseValue, value),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return merged;
}
