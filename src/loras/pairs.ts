import { findNoiseMarker, stemOf, type NoiseMarker } from "./categorize.js";
import { entryKey, type LoraEntry, type LoraKind } from "./entry.js";

interface Draft {
  kind: LoraKind;
  files: string[];
  high: string | undefined;
  low: string | undefined;
  /** Candidate names from most to least readable; the first one unique in the catalog is used. */
  names: string[];
}

const edgeSeparators = /^[_\-. ]+|[_\-. ]+$/g;
const leadingSeparators = /^[_\-. ]+/;
const trailingSeparators = /[_\-. ]+$/;
const genericName = /^(?:model|lora|weights|adapter)?$/i;

function folderOf(file: string): string {
  return file.slice(0, Math.max(file.lastIndexOf("/"), file.lastIndexOf("\\")) + 1);
}

/** A pair is the same name with only the marker swapped, spelled the same way, in the same folder. */
function partnerKey(file: string, marker: NoiseMarker): string {
  return `${file.slice(0, marker.start)}\0${marker.style}\0${file.slice(marker.end)}`;
}

/**
 * `orbit_cam_HN` → `orbit_cam`, `NSFW-22-H-e8` → `NSFW-22-e8`, `…_v1_high_noise` → `…_v1`. When
 * little is left (`Seko-V1/high_noise_model`), the folder says what it is: `Seko-V1/model`.
 */
function pairName(file: string, marker: NoiseMarker): string {
  const stem = stemOf(file);
  const folder = folderOf(stem);
  const left = stem.slice(folder.length, marker.start);
  const right = stem.slice(marker.cutEnd);
  const joined = trailingSeparators.test(left) ? left + right.replace(leadingSeparators, "") : left + right;
  const name = joined.replace(edgeSeparators, "");
  if (!genericName.test(name)) return name;
  if (folder.length > 0) return (folder + name).replace(/[/\\]$/, "");
  return name.length > 0 ? name : stem;
}

function loneDraft(file: string, kind: LoraKind): Draft {
  const stem = stemOf(file);
  const base = stem.slice(folderOf(stem).length);
  return {
    kind,
    files: [file],
    high: kind === "low" ? undefined : file,
    low: kind === "high" ? undefined : file,
    names: [base, stem, file],
  };
}

function pairDraft(high: string, low: string, marker: NoiseMarker): Draft {
  const name = pairName(high, marker);
  return { kind: "pair", files: [high, low], high, low, names: [name, folderOf(high) + name, high] };
}

function draftsOf(files: readonly string[]): Draft[] {
  const lows = new Map<string, string>();
  const markers = new Map<string, NoiseMarker>();
  for (const file of files) {
    const marker = findNoiseMarker(file);
    if (!marker) continue;
    markers.set(file, marker);
    const key = partnerKey(file, marker);
    if (marker.side === "low" && marker.inBaseName && !lows.has(key)) lows.set(key, file);
  }
  const paired = new Set<string>();
  const drafts: Draft[] = [];
  for (const file of files) {
    const marker = markers.get(file);
    if (marker?.side !== "high") continue;
    const low = marker.inBaseName ? lows.get(partnerKey(file, marker)) : undefined;
    if (low === undefined || paired.has(low)) continue;
    paired.add(file).add(low);
    drafts.push(pairDraft(file, low, marker));
  }
  for (const file of files) {
    if (paired.has(file)) continue;
    drafts.push(loneDraft(file, markers.get(file)?.side ?? "general"));
  }
  return drafts;
}

/**
 * Picks, for each draft, its most readable name that no other entry shares (case-insensitive). In a
 * clash, a lone pair keeps the short name (`orbit_cam`) and the single files take longer ones.
 */
function uniqueNames(drafts: Draft[], keys: string[]): string[] {
  const chosen = drafts.map((draft) => draft.names[0]!);
  for (let level = 1; level <= 3; level += 1) {
    const groups = new Map<string, number[]>();
    chosen.forEach((name, index) => {
      const group = groups.get(name.toLowerCase());
      if (group) group.push(index);
      else groups.set(name.toLowerCase(), [index]);
    });
    const clashing = [...groups.values()].filter((group) => group.length > 1);
    if (clashing.length === 0) break;
    for (const group of clashing) {
      const pairs = group.filter((index) => drafts[index]!.kind === "pair");
      for (const index of group) {
        if (pairs.length === 1 && pairs[0] === index) continue;
        chosen[index] = drafts[index]!.names[level] ?? `${chosen[index]} ${keys[index]}`;
      }
    }
  }
  return chosen;
}

function uniqueKeys(drafts: Draft[]): string[] {
  const seen = new Set<string>();
  return drafts.map((draft) => {
    const base = entryKey(draft.files);
    let key = base;
    for (let n = 2; seen.has(key); n += 1) key = `${base}${n}`;
    seen.add(key);
    return key;
  });
}

/**
 * Turns the server's LoRA list into catalog entries: pairs first, then by name. Duplicate file
 * names are ignored; the result does not depend on the order of the list.
 */
export function buildLoraEntries(files: readonly string[]): LoraEntry[] {
  const sorted = [...new Set(files)].sort();
  const drafts = draftsOf(sorted);
  const keys = uniqueKeys(drafts);
  const names = uniqueNames(drafts, keys);
  const entries = drafts.map((draft, index): LoraEntry => ({
    key: keys[index]!,
    kind: draft.kind,
    name: names[index]!,
    files: draft.files,
    high: draft.high,
    low: draft.low,
  }));
  const lowerNames = new Map(entries.map((entry) => [entry, entry.name.toLowerCase()]));
  return entries.sort((a, b) => {
    if ((a.kind === "pair") !== (b.kind === "pair")) return a.kind === "pair" ? -1 : 1;
    const an = lowerNames.get(a)!;
    const bn = lowerNames.get(b)!;
    return an < bn ? -1 : an > bn ? 1 : 0;
  });
}
