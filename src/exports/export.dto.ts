import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches } from 'class-validator';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class RequestExportDto {
  @ApiProperty({ example: '2024-01-01', description: 'first data esito (day of payment, Italian time), YYYY-MM-DD' })
  @IsString()
  @Matches(DATE, { message: 'from must be a date YYYY-MM-DD' })
  from!: string;

  @ApiProperty({ example: '2024-12-31', description: 'last data esito, included; at most one year after from' })
  @IsString()
  @Matches(DATE, { message: 'to must be a date YYYY-MM-DD' })
  to!: string;

  @ApiPropertyOptional({ example: 'TARI' }) @IsOptional() @IsString() @Length(1, 64) tipoDovuto?: string;
}
