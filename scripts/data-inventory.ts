/**
 * Rewrites the generated tables of docs/data-inventory.md from functions/data/inventory.ts.
 *
 *   npm run docs:inventory
 *
 * Only the part between the two marker comments changes; the prose around it is kept.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { INVENTORY_END, INVENTORY_START, inventoryMarkdown } from '../functions/data/inventory.js';

const file = fileURLToPath(new URL('../docs/data-inventory.md', import.meta.url));
const text = readFileSync(file, 'utf8');
const start = text.indexOf(INVENTORY_START);
const end = text.indexOf(INVENTORY_END);
if (start < 0 || end < start)
  throw new Error(`${file} lacks the ${INVENTORY_START} … ${INVENTORY_END} markers`);
const next = `${text.slice(0, start + INVENTORY_START.length)}\n\n${inventoryMarkdown()}\n${text.slice(end)}`;
writeFileSync(file, next);
process.stdout.write(`Updated ${file}\n`);
