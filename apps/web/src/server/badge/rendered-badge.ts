import { LRUCache } from "lru-cache";
import { etagOf } from "./badge-caching.js";
import { type BadgeContent, type BadgeFormat, renderBadge } from "./repository-badge.js";

export interface RenderedBadge {
  body: Buffer;
  contentType: string;
  etag: string;
}

/**
 * Badges differ only by score, grade and format, so each is rendered (and hashed for its ETag) once,
 * not per request. Bounded all the same: the grade comes from stored data.
 */
const rendered = new LRUCache<string, RenderedBadge>({ max: 1_000 });

export function renderedBadge(content: BadgeContent, format: BadgeFormat): RenderedBadge {
  const key = JSON.stringify([format, content.label, content.message, content.color]);
  let badge = rendered.get(key);
  if (badge === undefined) {
    const { body, contentType } = renderBadge(content, format);
    badge = { body: Buffer.from(body), contentType, etag: etagOf(body) };
    rendered.set(key, badge);
  }
  return badge;
}
