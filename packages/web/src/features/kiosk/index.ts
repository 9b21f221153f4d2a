export { KioskPage, PreEntryPage, PreEntryStartPage } from './EntryPages';
