/** A field of a tipo dovuto's spontaneous form, as the API sends it (the console builds it, the portal fills it). */
export interface Campo {
  name: string;
  label: string;
  type: 'text' | 'number' | 'date' | 'email' | 'select';
  required: boolean;
  pattern?: string;
  maxLength?: number;
  options?: string[];
}
