/** Compiled by scripts/generate-validators.ts: one ajv validate function per collection. */
export const fingerprints: Record<string, string>
declare const validators: Record<string, ((doc: unknown) => boolean) & { errors?: { instancePath: string, message?: string }[] | null }>
export default validators
