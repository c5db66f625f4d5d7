/** AMD's `module` dependency, as SystemJS's AMD extra and RequireJS provide it. */
declare module 'amd-module' {
  const amdModule: { uri?: string } | undefined;
  export default amdModule;
}
