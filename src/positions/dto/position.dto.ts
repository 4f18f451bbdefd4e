import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsEmail, IsIn, IsOptional, IsString, Length, Matches, ValidateNested } from 'class-validator';
import { IsEuroAmount } from '../../http/is-euro-amount';

export class PagatoreDto {
  @ApiProperty({ enum: ['F', 'G'], description: 'F persona fisica, G persona giuridica' })
  @IsIn(['F', 'G'])
  tipo!: 'F' | 'G';

  @ApiProperty({ example: 'RSSMRA80A01H501U', description: 'codice fiscale or partita IVA (check characters are verified)' })
  @IsString()
  codiceIdentificativo!: string;

  @ApiProperty({ example: 'Mario Rossi' })
  @IsString()
  @Length(1, 70)
  anagrafica!: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 70) indirizzo?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 16) civico?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 16) cap?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 35) localita?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(2, 2) provincia?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Matches(/^[A-Z]{2}$/, { message: 'nazione must be an ISO 3166 alpha-2 code, e.g. IT' }) nazione?: string;
  @ApiPropertyOptional() @IsOptional() @IsEmail() email?: string;
}

export class CapitoloDto {
  @ApiProperty() @IsString() @Length(1, 64) codCapitolo!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 64) codUfficio?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 64) codAccertamento?: string;
  @ApiProperty({ example: '100.00' }) @IsEuroAmount({ positive: true }) importo!: string | number;
}

export class BilancioDto {
  @ApiProperty({ type: [CapitoloDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => CapitoloDto)
  capitoli!: CapitoloDto[];
}

export class CreateDovutoDto {
  @ApiProperty({ example: 'TARI-2026-0001', description: "the ente's id of the dovuto: ≤ 35 characters, not starting with 000" })
  @IsString()
  iud!: string;

  @ApiPropertyOptional({ example: '01000000000000123', description: 'supply your own 17-digit IUV, or leave it out to have one generated' })
  @IsOptional()
  @IsString()
  iuv?: string;

  @ApiProperty({ example: 'TARI' })
  @IsString()
  tipoDovuto!: string;

  @ApiProperty({ example: '147.92', description: 'euros, at most two decimals, > 0' })
  @IsEuroAmount({ positive: true })
  importo!: string | number;

  @ApiPropertyOptional({ example: '2026-12-31' })
  @IsOptional()
  @IsString()
  dataScadenza?: string;

  @ApiProperty({ example: 'TARI 2026 rata unica' })
  @IsString()
  causale!: string;

  @ApiPropertyOptional({ example: '9/0101100IM/' })
  @IsOptional()
  @IsString()
  datiSpecificiRiscossione?: string;

  @ApiPropertyOptional({ example: '1.00' })
  @IsOptional()
  @IsEuroAmount()
  commissioneCaricoPa?: string | number;

  @ApiProperty({ type: PagatoreDto })
  @ValidateNested()
  @Type(() => PagatoreDto)
  pagatore!: PagatoreDto;

  @ApiPropertyOptional({ type: BilancioDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => BilancioDto)
  bilancio?: BilancioDto;
}

/** Azione M: every field optional; iuv and tipoDovuto cannot change. */
export class UpdateDovutoDto {
  @ApiPropertyOptional() @IsOptional() @IsEuroAmount({ positive: true }) importo?: string | number;
  @ApiPropertyOptional() @IsOptional() @IsString() dataScadenza?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() causale?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() datiSpecificiRiscossione?: string;
  @ApiPropertyOptional() @IsOptional() @IsEuroAmount() commissioneCaricoPa?: string | number;
  @ApiPropertyOptional({ type: PagatoreDto }) @IsOptional() @ValidateNested() @Type(() => PagatoreDto) pagatore?: PagatoreDto;
  @ApiPropertyOptional({ type: BilancioDto }) @IsOptional() @ValidateNested() @Type(() => BilancioDto) bilancio?: BilancioDto;
}

export class CancelDovutoDto {
  @ApiPropertyOptional({ example: 'annullato dal gestionale' })
  @IsOptional()
  @IsString()
  @Length(1, 256)
  motivo?: string;
}
