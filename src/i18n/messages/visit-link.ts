export const visitLink = {
  en: {
    hint: 'Walk-in customer. If they tell you who they are, link the visit to their profile.',
    open: 'Link to a customer',
    label: 'Find the customer',
    placeholder: 'Name, phone, e-mail or loyalty card',
    none: 'No customer on this tablet matches.',
    confirm: 'Link this visit to {name}? It will appear on their profile.',
    do: 'Link visit',
    back: 'Back',
    error: 'The visit could not be linked. Try again.',
  },
  it: {
    hint: 'Cliente di passaggio. Se ti dice chi è, collega la visita al suo profilo.',
    open: 'Collega a un cliente',
    label: 'Trova il cliente',
    placeholder: 'Nome, telefono, e-mail o carta fedeltà',
    none: 'Nessun cliente su questo tablet corrisponde.',
    confirm: 'Collegare questa visita a {name}? Comparirà nel suo profilo.',
    do: 'Collega visita',
    back: 'Indietro',
    error: 'Non è stato possibile collegare la visita. Riprova.',
  },
}
