/**
 * A profile shown where nothing of it can be changed (the contact centre's desktop view): the
 * profile says so once, and the parts that offer a change — removing an item, resending a
 * receipt — read it instead of a prop passed down through every level.
 */
import type { InjectionKey, Ref } from 'vue'
import { inject, ref } from 'vue'

export const PROFILE_READONLY: InjectionKey<Ref<boolean>> = Symbol('profile-readonly')

export const useProfileReadonly = (): Ref<boolean> => inject(PROFILE_READONLY, ref(false))
