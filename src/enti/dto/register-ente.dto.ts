import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, Length, Matches } from 'class-validator';

export class RegisterEnteDto {
  @ApiProperty({ example: 'c_h501', description: 'IPA code of the ente' })
  @IsString()
  @Matches(/^[A-Za-z0-9_]{1,35}$/, { message: 'codIpa must be 1 to 35 letters, digits or underscores' })
  codIpa!: string;

  @ApiProperty({ example: '02438750586', description: '11-digit codice fiscale of the ente' })
  @IsString()
  cfEnte!: string;

  @ApiProperty({ example: 'Comune di Roma' })
  @IsString()
  @Length(1, 140)
  denominazione!: string;

  @ApiProperty({ example: '01', description: 'segregation code 00–49 (first two IUV digits)' })
  @IsString()
  segregationCode!: string;

  @ApiProperty({ example: '02438750586_01' })
  @IsString()
  idStazione!: string;

  @ApiProperty({ example: '02438750586', description: 'fiscal code of the technological intermediary (broker)' })
  @IsString()
  idIntermediario!: string;

  @ApiPropertyOptional({ example: '01' })
  @IsOptional()
  @IsString()
  applicationCode?: string;

  @ApiPropertyOptional({ example: 'tributi@comune.roma.it' })
  @IsOptional()
  @IsEmail()
  email?: string;
}
