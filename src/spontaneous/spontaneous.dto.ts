import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsObject, IsOptional, IsString, Length, ValidateNested } from 'class-validator';
import { PagatoreDto } from '../positions/dto/position.dto';
import { IsEuroAmount } from '../http/is-euro-amount';

export class PagamentoSpontaneoDto {
  @ApiProperty({ example: 'MENSA' }) @IsString() @Length(1, 64) codTipo!: string;

  @ApiProperty({ example: { alunno: 'Giulia Rossi', mese: 'gennaio' }, description: "values of the tipo dovuto's form fields" })
  @IsObject()
  campi!: Record<string, unknown>;

  @ApiProperty({ type: PagatoreDto }) @ValidateNested() @Type(() => PagatoreDto) pagatore!: PagatoreDto;

  @ApiPropertyOptional({ example: '12.50', description: 'euros; only for tipi without a fixed amount' })
  @IsOptional()
  @IsEuroAmount()
  importo?: string | number;
}
