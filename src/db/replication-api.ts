/**
 * The part of RxDB the replication engine (src/sync) uses: its replication plugin and the
 * storage types the first download and the pending counter write and read. Re-exported here so
 * only src/db imports RxDB; RxDB's internals stay in ./rxdb-internals.ts.
 */
export type { BulkWriteRow, ReplicationPullHandler, ReplicationPushHandler, RxDocumentData, RxReplicationPullStreamItem, RxStorageInstance } from 'rxdb'
export type { RxReplicationState } from 'rxdb/plugins/replication'
export { replicateRxCollection } from 'rxdb/plugins/replication'
export { registerFirstDownloadBases } from './first-download-base'
