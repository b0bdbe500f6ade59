import type { ts } from "ts-morph";

/**
 * Raw syntax facts of one module, collected in one walk. Nothing here is resolved across files;
 * the resolver links these into the project model.
 */
export interface ModuleFacts {
  file: string;
  sourceFile: ts.SourceFile;
  /** Local name → where it comes from (ESM imports and CommonJS requires). */
  imports: Map<string, ImportBinding>;
  /** Exported name → local name, or a re-export from another module. */
  exports: Map<string, ExportTarget>;
  /** `export * from "…"` specifiers. */
  starExports: string[];
  /** Modules loaded for their side effects only: `import "./shutdown.js"`, a bare `require("./shutdown")`. */
  sideEffectImports: string[];
  /** The module body as a pseudo-function; its locals are the module-level bindings. */
  topLevel: FunctionFacts;
  functions: FunctionFacts[];
  classes: Map<string, ClassFacts>;
  /** `process.env.X = …` writes. */
  envWrites: Array<{ name: string; node: ts.Node }>;
  /** `process.env.X` / `process.env["X"]` reads. */
  envReads: Array<{ name: string; node: ts.Node }>;
  /** Walk was cut because the syntax nested deeper than the walker's bound. */
  tooDeep: boolean;
}

export interface ImportBinding {
  specifier: string;
  /** `default`, `*` (namespace or whole CommonJS module) or the imported name. */
  imported: string;
}

export type ExportTarget = { local: string } | { specifier: string; imported: string };

export interface LocalBinding {
  name: string;
  /** The declaration (variable declarator, function declaration, class, parameter). */
  node: ts.Node;
  init?: ts.Expression;
  fn?: FunctionFacts;
  className?: string;
  /** Values assigned later (`x = new Pool()`), for `let` bindings set in a function. */
  assigned: ts.Expression[];
  /** A loop variable: each element of this iterable. */
  elementOf?: ts.Expression;
  /** String values it may hold, when it is a constant array/string of literals. */
  strings?: string[];
  kind: "function" | "class" | "value" | "parameter";
}

export interface FunctionFacts {
  id: number;
  file: string;
  name: string;
  node: ts.Node;
  parent?: FunctionFacts;
  className?: string;
  params: ParamFacts[];
  isAsync: boolean;
  calls: CallFact[];
  locals: Map<string, LocalBinding>;
  /** Assignments in this function body: `x = …`, `this.x = …`, `obj[k] = …`, `delete obj[k]`. */
  assignments: AssignmentFact[];
  /** Identifiers (or `this.x`) tested by an early `if (…) return` at the top: an idempotence guard. */
  guardFlags: string[];
  /** `p ??= …` / `if (!p) p = …; return p` memoisation of a promise. */
  memoises: boolean;
  /** `throw` statements directly in this function (a crash handler that rethrows ends the process). */
  throws: ts.ThrowStatement[];
}

export interface ParamFacts {
  name: string;
  /** Names bound by destructuring this parameter (`{ signal }` → ["signal"]). */
  destructured: string[];
}

export interface AssignmentFact {
  /** Target as a chain: `["shuttingDown"]`, `["this", "closing"]`, `["transports", "[]"]`. */
  target: string[];
  operator: "=" | "??=" | "||=" | "delete";
  value?: ts.Expression;
  node: ts.Node;
}

export interface CallFact {
  node: ts.CallExpression | ts.NewExpression;
  /** Callee as identifiers: `process.exit` → ["process", "exit"]; computed or call-result callees → null. */
  chain: string[] | null;
  isNew: boolean;
  owner: FunctionFacts;
  /** Awaited here: `await x()`, `return x()` from an async function, inside an awaited Promise.all/race, or continued by then/finally. */
  awaited: boolean;
  /** Explicitly dropped: `void x()`. */
  voided: boolean;
  /** Its value is unused: an expression statement with no await. */
  statement: boolean;
  /** Inside the arguments of `Promise.race`. */
  raced: boolean;
  /** Function arguments by index. */
  argFns: Array<FunctionFacts | undefined>;
  /** Index among the owner's calls, in source order. */
  order: number;
}

export interface ClassFacts {
  name: string;
  file: string;
  base?: string;
  methods: Map<string, FunctionFacts>;
  /** Field initialisers and `this.x = …` assignments anywhere in the class. */
  fields: Map<string, ts.Expression[]>;
  node: ts.Node;
}
