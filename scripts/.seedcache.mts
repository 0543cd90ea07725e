import { seededDatabase } from "./bench/seeded-database";
const r = await seededDatabase(console.log);
console.log(JSON.stringify(r));
