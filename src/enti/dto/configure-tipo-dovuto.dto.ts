import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsBoolean, IsOptional, IsString, Length } from 'class-validator';

export class ConfigureTipoDovutoDto {
  @ApiProperty({ example: 'Tassa rifiuti (TARI)' })
  @IsString()
  @Length(1, 256)
  descrizione!: string;

  @ApiProperty({ example: 'IT60X0542811101000000123456' })
  @IsString()
  iban!: string;

  @ApiPropertyOptional({ example: 'IT36V0760103200000000001234' })
  @IsOptional()
  @IsString()
  ibanPostale?: string;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ default: false, description: 'payable by citizens without a position created beforehand' })
  @IsOptional()
  @IsBoolean()
  spontaneous?: boolean;

  @ApiPropertyOptional({ example: '25.00', description: 'fixed amount in euros (string or number, at most two decimals)' })
  @IsOptional()
  importoFisso?: string | number;

  @ApiPropertyOptional({ example: 'Mensa {mese} {nomeAlunno}' })
  @IsOptional()
  @IsString()
  causaleTemplate?: string;

  @ApiPropertyOptional({ example: '0101100IM', description: 'pagoPA taxonomy code' })
  @IsOptional()
  @IsString()
  tassonomia?: string;

  @ApiPropertyOptional({ example: '9/0101100IM/', description: 'default datiSpecificiRiscossione; derived from tassonomia when omitted' })
  @IsOptional()
  @IsString()
  datiSpecificiRiscossione?: string;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  scadenzaObbligatoria?: boolean;

  @ApiPropertyOptional({
    description: 'form of a spontaneous payment: [{name, label, type: text|number|date|email|select, required, pattern?, maxLength?, options?}]',
    example: [{ name: 'alunno', label: 'Nome alunno', type: 'text', required: true, maxLength: 50 }],
  })
  @IsOptional()
  @IsArray()
  campi?: unknown[];

  @ApiPropertyOptional({ description: 'default budget split: [{codCapitolo, codUfficio?, codAccertamento?, percentuale}], percentuali adding up to 100' })
  @IsOptional()
  @IsArray()
  bilancioDefault?: unknown[];
}
