/**
 * The value `map` keeps for `key`, made by `make` the first time. A map that already holds `most`
 * values is emptied before it takes another: for memos whose keys come from a small set in
 * practice (statements, secrets, header lists) but from clients in principle.
 */
export function remembered<K, V> (map: Map<K, V>, key: K, most: number, make: (key: K) => V): V {
  let value = map.get(key)
  if (value === undefined) {
    value = make(key)
    if (map.size >= most) map.clear()
    map.set(key, value)
  }
  return value
}
