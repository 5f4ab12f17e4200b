// PouchDB is only the benchmarks' baseline: the little of its API they use.
declare module 'pouchdb' {
  interface Pouch {
    bulkDocs: (docs: object[]) => Promise<unknown>
    replicate: { from: (remote: Pouch, options?: object) => Promise<unknown> }
    destroy: () => Promise<unknown>
  }
  interface PouchConstructor {
    new (name: string, options?: object): Pouch
    plugin: (plugin: unknown) => void
  }
  const PouchDB: PouchConstructor
  export default PouchDB
}
declare module 'pouchdb-adapter-memory' {
  const plugin: unknown
  export default plugin
}
