import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';

// The package's entry does `import * as wasm from "./schema_engine_bg.wasm"`, which Node 20
// only supports behind --experimental-wasm-modules. So we instantiate the .wasm ourselves and
// hand its exports to the wasm-bindgen glue, which is what that entry would have done.
type WasmExports = Record<string, unknown>;
type BindgenGlue = Record<string, unknown> & {
  __wbg_set_wasm(exports: WasmExports): void;
  SchemaEngine: typeof SchemaEngine;
};

// The project compiles against lib ES2023 without DOM, which is where TypeScript declares
// WebAssembly; Node has it as a global all the same. Only the call used here is declared.
declare const WebAssembly: {
  instantiate(
    bytes: Uint8Array,
    imports: Record<string, Record<string, unknown>>,
  ): Promise<{ instance: { exports: WasmExports } }>;
};

// The engine reports a Rust panic through this global before throwing "unreachable"; without
// it the glue itself throws a TypeError and the panic's reason is lost.
const panicMessages: string[] = [];
const panicGlobal = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: unknown };
panicGlobal.PRISMA_WASM_PANIC_REGISTRY ??= {
  set_message: (message: string) => panicMessages.push(message),
};

/** The last Rust panic the engine reported, if any (it explains a `RuntimeError`). */
export function lastEnginePanic(): string | undefined {
  return panicMessages.at(-1);
}

let enginePromise: Promise<typeof SchemaEngine> | undefined;

async function loadSchemaEngineClass(): Promise<typeof SchemaEngine> {
  const require = createRequire(import.meta.url);
  // The .wasm is not in the package's exports map, so find it next to the glue module.
  const gluePath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
  const wasmPath = join(dirname(gluePath), 'schema_engine_bg.wasm');
  const glue = (await import('@prisma/schema-engine-wasm/schema_engine_bg')) as BindgenGlue;
  const { instance } = await WebAssembly.instantiate(await readFile(wasmPath), {
    './schema_engine_bg.js': glue,
  });
  glue.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  return glue.SchemaEngine;
}

/** Engine log lines, JSON strings; kept so an engine failure can be explained. */
export type EngineLog = (line: string) => void;

/**
 * Starts Prisma's WebAssembly schema engine on a driver adapter. The engine talks to the
 * database only through the adapter (and its shadow database through connectToShadowDb).
 */
export async function startSchemaEngine(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  schemaFiles: { path: string; content: string }[] = [],
  onLog: EngineLog = () => {},
): Promise<SchemaEngine> {
  enginePromise ??= loadSchemaEngineClass();
  const Engine = await enginePromise;
  return Engine.new(
    { datamodels: schemaFiles.map((file) => [file.path, file.content]) },
    onLog,
    bindMigrationAwareSqlAdapterFactory(adapterFactory),
  );
}
