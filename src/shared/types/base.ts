/** What every document and part of the model shares. */
export type Channel = 'web' | 'app' | 'store'
export type Language = 'it' | 'en'
export type Role = 'associate' | 'manager'
export type ConsentChannel = 'email' | 'sms' | 'phone' | 'post'
export type Tier = 'member' | 'silver' | 'gold' | 'platinum'

export interface BaseDoc {
  id: string
  updatedAt: string
}

export type WithDeleted<T> = T & { _deleted: boolean }
