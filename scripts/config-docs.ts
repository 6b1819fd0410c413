/**
 * `npm run docs:config`: writes the reference part of docs/configuration.md, between `<!-- config:sections -->` and
 * `<!-- /config:sections -->`, from the sections the application's modules declare (`defineConfigSection`): every
 * key with its type and limits (from the validation rules), its default (from the class), its environment variable
 * and its description (the field's TSDoc, read from the `*.config.ts` file with the TypeScript compiler API).
 * `--check` writes nothing and exits 1 when the page is not current (the unit suite runs the same check).
 */
import 'reflect-metadata';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { plainToInstance } from 'class-transformer';
import { targetConstructorToSchema } from 'class-validator-jsonschema';
import * as ts from 'typescript';
import '../src/app.module';
import { configSections, type ConfigSection, type EnvBinding } from '../src/core/config/config-section';

const root = join(__dirname, '..');
const PAGE = join(root, 'docs', 'configuration.md');
const OPEN = '<!-- config:sections -->';
const CLOSE = '<!-- /config:sections -->';
/** Sections are listed by where they are declared: the kernel first, then the layers outward. */
const FOLDER_ORDER = ['src/core/', 'src/api/', 'src/application/', 'src/infrastructure/', 'src/domain/'];

/** A class as its source declares it. */
interface DeclaredClass {
  readonly file: string;
  readonly position: number;
  readonly description: string;
  /** Field name → TSDoc text, in declaration order. */
  readonly fields: ReadonlyMap<string, string>;
}

/** The part of class-validator-jsonschema's output a row needs. */
interface FieldSchema {
  readonly type?: string;
  readonly enum?: readonly unknown[];
  readonly minimum?: number;
  readonly maximum?: number;
  readonly items?: FieldSchema;
  readonly $ref?: string;
}

interface Row {
  readonly key: string;
  readonly type: string;
  readonly defaultValue: string;
  readonly env: string;
  readonly description: string;
}

function configFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return configFiles(path);
    return entry.name.endsWith('.config.ts') ? [path] : [];
  });
}

/** Every class declared in `src/**\/*.config.ts`, by name. */
function declaredClasses(): Map<string, DeclaredClass> {
  const out = new Map<string, DeclaredClass>();
  for (const path of configFiles(join(root, 'src'))) {
    const file = relative(root, path).split('\\').join('/');
    const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
    for (const node of source.statements) {
      if (!ts.isClassDeclaration(node) || !node.name) continue;
      const fields = new Map<string, string>();
      for (const member of node.members) {
        if (ts.isPropertyDeclaration(member) && ts.isIdentifier(member.name)) {
          fields.set(member.name.text, docText(member));
        }
      }
      if (out.has(node.name.text))
        throw new Error(`${node.name.text} is declared twice (${out.get(node.name.text)?.file}, ${file})`);
      out.set(node.name.text, { file, position: node.pos, description: docText(node), fields });
    }
  }
  return out;
}

function docText(node: ts.Node): string {
  return ts
    .getJSDocCommentsAndTags(node)
    .filter(ts.isJSDoc)
    .map((doc) => ts.getTextOfJSDocComment(doc.comment) ?? '')
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const cell = (text: string) => text.replace(/\|/g, '\\|');
const code = (text: string) => `\`${text}\``;

function typeOf(schema: FieldSchema | undefined, nested: boolean): string {
  if (nested) return schema?.type === 'array' ? 'list of objects (below)' : 'object (below)';
  if (!schema) return 'unknown';
  if (schema.enum) return schema.enum.map((v) => code(String(v))).join(' | ');
  const range =
    schema.minimum !== undefined && schema.maximum !== undefined
      ? `, ${schema.minimum}–${schema.maximum}`
      : schema.minimum !== undefined
        ? `, ≥ ${schema.minimum}`
        : schema.maximum !== undefined
          ? `, ≤ ${schema.maximum}`
          : '';
  switch (schema.type) {
    case 'integer':
      return `integer${range}`;
    case 'number':
      return `number${range}`;
    case 'array':
      return schema.items?.enum
        ? `list of ${typeOf(schema.items, false)}`
        : `list of ${schema.items?.type ?? 'values'}s`;
    case 'object':
      return 'mapping';
    default:
      return schema.type ?? 'unknown';
  }
}

function defaultOf(value: unknown, required: boolean, nested: boolean): string {
  if (value === undefined) return required ? 'required' : 'unset';
  if (nested && !Array.isArray(value)) return '(below)';
  if (typeof value === 'string') return value === '' ? "`''`" : code(value);
  return code(JSON.stringify(value));
}

function envOf(binding: EnvBinding | undefined): string {
  if (!binding) return '—';
  return binding.kind === 'list' ? `${code(binding.env)} (comma-separated)` : code(binding.env);
}

/** The class a nested field holds (`@ValidateNested()` with `@Type()`), found by letting class-transformer build one. */
function nestedClass(schema: new () => object, field: string, list: boolean): (new () => object) | undefined {
  const probe = plainToInstance(schema, { [field]: list ? [{}] : {} }) as Record<string, unknown>;
  const value = list ? (probe[field] as unknown[] | undefined)?.[0] : probe[field];
  const type = (value as object | undefined)?.constructor as (new () => object) | undefined;
  return type && type !== Object ? type : undefined;
}

function rows(
  schema: new () => object,
  prefix: string,
  section: ConfigSection,
  classes: ReadonlyMap<string, DeclaredClass>,
): Row[] {
  const declared = classes.get(schema.name);
  if (!declared) throw new Error(`${schema.name} (config key ${prefix}) must be declared in a src/**/*.config.ts file`);
  const json = targetConstructorToSchema(schema) as { properties?: Record<string, FieldSchema>; required?: string[] };
  const defaults = new schema() as Record<string, unknown>;
  const out: Row[] = [];
  for (const [field, description] of declared.fields) {
    const key = `${prefix}.${field}`;
    if (!description) throw new Error(`${key} (${declared.file}) has no TSDoc description`);
    const fieldSchema = json.properties?.[field];
    const list = fieldSchema?.type === 'array';
    const nested = fieldSchema?.$ref !== undefined || fieldSchema?.items?.$ref !== undefined;
    const binding = prefix === section.key ? section.env.find((b) => b.field === field) : undefined;
    out.push({
      key,
      type: typeOf(fieldSchema, nested),
      defaultValue: defaultOf(defaults[field], json.required?.includes(field) ?? false, nested),
      env: envOf(binding),
      description,
    });
    if (nested) {
      const type = nestedClass(schema, field, list);
      if (!type) throw new Error(`${key}: the class of its values is unknown (add @Type(() => TheClass))`);
      out.push(...rows(type, list ? `${key}[]` : key, section, classes));
    }
  }
  return out;
}

function sectionText(section: ConfigSection, classes: ReadonlyMap<string, DeclaredClass>): string {
  const declared = classes.get(section.schema.name);
  const table = rows(section.schema, section.key, section, classes).map(
    (r) => `| ${code(r.key)} | ${cell(r.type)} | ${cell(r.defaultValue)} | ${r.env} | ${cell(r.description)} |`,
  );
  return [
    `### ${code(section.key)}`,
    '',
    `${declared?.description ? `${declared.description} ` : ''}Declared by ${code(section.schema.name)} in ` +
      `[${declared?.file}](../${declared?.file}).`,
    '',
    '| Key | Type | Default | Environment | Description |',
    '|---|---|---|---|---|',
    ...table,
  ].join('\n');
}

/** The page with its generated part rewritten from the declared sections. */
export function render(page: string): string {
  const start = page.indexOf(OPEN);
  const end = page.indexOf(CLOSE);
  if (start < 0 || end < start) throw new Error(`docs/configuration.md has no ${OPEN} … ${CLOSE} block`);
  const classes = declaredClasses();
  const rank = (s: ConfigSection) => {
    const declared = classes.get(s.schema.name);
    if (!declared) throw new Error(`${s.schema.name} (section ${s.key}) must be declared in a src/**/*.config.ts file`);
    const folder = FOLDER_ORDER.findIndex((prefix) => declared.file.startsWith(prefix));
    return [folder < 0 ? FOLDER_ORDER.length : folder, declared.file, declared.position] as const;
  };
  const sections = [...configSections()].sort((a, b) => {
    const [x, y] = [rank(a), rank(b)];
    return x[0] - y[0] || x[1].localeCompare(y[1]) || x[2] - y[2];
  });
  const body = sections.map((s) => sectionText(s, classes)).join('\n\n');
  return `${page.slice(0, start + OPEN.length)}\n\n${body}\n\n${page.slice(end)}`;
}

if (require.main === module) {
  const current = readFileSync(PAGE, 'utf8');
  const next = render(current);
  if (process.argv.includes('--check')) {
    if (next !== current) {
      process.stderr.write('docs/configuration.md is not current: run npm run docs:config\n');
      process.exit(1);
    }
  } else if (next !== current) {
    writeFileSync(PAGE, next);
    process.stdout.write('docs/configuration.md updated\n');
  } else {
    process.stdout.write('docs/configuration.md is current\n');
  }
}
