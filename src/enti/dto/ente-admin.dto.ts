import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, Length } from 'class-validator';

export class UpdateEnteDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 140) denominazione?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() idStazione?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() idIntermediario?: string;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsString() applicationCode?: string | null;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsString() email?: string | null;
}

export class AddIbanDto {
  @ApiProperty({ example: 'IT60X0542811101000000123456' }) @IsString() iban!: string;
  @ApiPropertyOptional({ default: false, description: 'a Poste Italiane account (ABI 07601), for bollettini' }) @IsOptional() @IsBoolean() postale?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsString() descrizione?: string;
}
