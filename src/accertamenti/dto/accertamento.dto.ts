import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsInt, IsOptional, IsString, Length, ValidateNested } from 'class-validator';
import { IsEuroAmount } from '../../http/is-euro-amount';

export class CreateAccertamentoDto {
  @ApiPropertyOptional({ example: 'ACC-TARI-2024-1', description: "the ente's own number (letters, digits, '_', '-'); generated when left out" })
  @IsOptional()
  @IsString()
  id?: string;

  @ApiProperty({ example: 'TARI' }) @IsString() codTipoDovuto!: string;
  @ApiProperty({ example: 2024, description: 'anno di esercizio' }) @IsInt() anno!: number;
  @ApiProperty({ example: 'TARI 2024, primo trimestre' }) @IsString() descrizione!: string;
}

export class SplitDto {
  @ApiProperty({ example: 'UFF-TRIB' }) @IsString() codUfficio!: string;
  @ApiProperty({ example: 'E.1.01.01.51' }) @IsString() codCapitolo!: string;
  @ApiPropertyOptional({ example: 'ACC-2024-17' }) @IsOptional() @IsString() codAccertamento?: string;
  @ApiProperty({ example: '140.00', description: 'euros, at most two decimals, > 0' }) @IsEuroAmount({ positive: true }) importo!: string | number;
}

export class AddPagamentoDto {
  @ApiProperty({ example: 'TARI-2024-0001', description: 'IUD of the paid dovuto' }) @IsString() @Length(1, 35) iud!: string;

  @ApiPropertyOptional({ type: [SplitDto], description: "assignment to uffici / capitoli / accertamenti; must add up to the payment. Left out: the position's bilancio" })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => SplitDto)
  splits?: SplitDto[];

  @ApiPropertyOptional({ default: true, description: 'false: also accept a paid payment not yet reported (FR) or cashed (treasury)' })
  @IsOptional()
  @IsBoolean()
  richiediRendicontatoEIncassato?: boolean;
}

export class AnnullaAccertamentoDto {
  @ApiPropertyOptional({ example: 'creato per errore' }) @IsOptional() @IsString() @Length(0, 255) motivo?: string;
}
