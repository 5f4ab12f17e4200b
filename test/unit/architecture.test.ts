import { describe, expect, it } from 'vitest'
import { architectureProblems, readmeProblems, readTree } from '../../scripts/architecture'

const tree = (files: Record<string, string>) => new Map(Object.entries(files))

describe('the source tree\'s house rules', () => {
  it('hold for the repository as it is', () => {
    expect(architectureProblems(readTree(process.cwd()))).toEqual([])
  })

  it('are what each folder\'s README says, and a README that says otherwise is caught', () => {
    expect(readmeProblems(process.cwd())).toEqual([])
    expect(readmeProblems(process.cwd(), { 'src/domain': ['src/db'] })).toEqual(['src/domain/README.md says it may import nothing; scripts/architecture.ts allows src/db'])
  })

  it('catch a folder importing one its README does not allow, even for a type', () => {
    const problems = architectureProblems(tree({
      'src/components/customer/CustomerCard.vue': `<script setup lang="ts">\nimport type { CustomerDoc } from '../../db/types'\n</script>`,
      'src/db/types.ts': 'export type CustomerDoc = object',
    }))
    expect(problems).toEqual(['src/components/customer/CustomerCard.vue imports src/db/types.ts: src/components may not import src/db'])
  })

  it('catch a cycle between files and between folders', () => {
    const problems = architectureProblems(tree({
      'src/stores/a.ts': `import { b } from './b'\nexport const a = 1`,
      'src/stores/b.ts': `import {\n  a,\n} from './a'\nexport const b = 2`,
      'src/x/one.ts': `export { two } from '../y/two'`,
      'src/y/two.ts': `const one = await import('../x/one')`,
    }), { 'src/x': ['src/y'], 'src/y': ['src/x'], 'src/stores': [] })
    expect(problems).toEqual([
      'import cycle between files: src/stores/a.ts → src/stores/b.ts',
      'import cycle between files: src/x/one.ts → src/y/two.ts',
      'import cycle between folders: src/x → src/y',
    ])
  })

  it('catch the environment read outside the configuration', () => {
    expect(architectureProblems(tree({ 'sync-server/storage/db.ts': 'const size = Number(process.env.POOL)' })))
      .toEqual(['sync-server/storage/db.ts reads process.env: the environment is read in sync-server/core/config.ts only'])
  })
})
