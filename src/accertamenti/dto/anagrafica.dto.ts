import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsOptional, IsString, Length, ValidateIf } from 'class-validator';

/** Shapes only: the anagrafica decider checks codes and texts with the same rules as the CSV import. */
export class CreateUfficioDto {
  @ApiProperty({ example: 'UFF-TRIB' }) @IsString() codUfficio!: string;
  @ApiProperty({ example: 'Ufficio Tributi' }) @IsString() denominazione!: string;
}

export class UpdateUfficioDto {
  @ApiProperty({ example: 'Ufficio Tributi e Entrate' }) @IsString() denominazione!: string;
}

export class CreateCapitoloDto {
  @ApiProperty({ example: 'E.1.01.01.51' }) @IsString() codCapitolo!: string;
  @ApiProperty({ example: 'Tassa sui rifiuti' }) @IsString() descrizione!: string;
  @ApiProperty({ example: 'UFF-TRIB' }) @IsString() codUfficio!: string;
  @ApiPropertyOptional({ type: [String], example: ['TARI'], description: 'tipi dovuto whose payments may go to it; leave out for all' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  tipiDovuto?: string[];
}

export class UpdateCapitoloDto {
  @ApiPropertyOptional() @IsOptional() @IsString() descrizione?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() codUfficio?: string;
  @ApiPropertyOptional({ type: [String], nullable: true, description: 'null lifts the restriction' })
  @ValidateIf((_o, v) => v !== null && v !== undefined)
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  tipiDovuto?: string[] | null;
}

export class CreateAccertamentoContabileDto {
  @ApiProperty({ example: 'ACC-2024-17' }) @IsString() codAccertamento!: string;
  @ApiProperty({ example: 'TARI 2024, ruolo ordinario' }) @IsString() descrizione!: string;
  @ApiProperty({ example: 'E.1.01.01.51' }) @IsString() codCapitolo!: string;
  @ApiPropertyOptional({ description: "cross-check: must be the capitolo's ufficio" }) @IsOptional() @IsString() @Length(0, 64) codUfficio?: string;
}

export class UpdateAccertamentoContabileDto {
  @ApiPropertyOptional() @IsOptional() @IsString() descrizione?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() codCapitolo?: string;
}
