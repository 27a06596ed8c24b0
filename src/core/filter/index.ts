export * from './ast';
export { parseModelFilter, parseVersionFilter } from './parser';
export { compileModelFilter, compileVersionFilter, isQueryingPrompts, type CompileOptions, type CompiledFilter, type SqlValue } from './compile';
